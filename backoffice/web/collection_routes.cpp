#include <httplib.h>

#include "backoffice/web/routes.h"

namespace ekel::office {

void register_collection_routes(httplib::Server&, Web&) {}

}  // namespace ekel::office
