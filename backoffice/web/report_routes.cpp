#include <httplib.h>

#include "backoffice/web/routes.h"

namespace ekel::office {

void register_report_routes(httplib::Server&, Web&) {}

}  // namespace ekel::office
