#include "shared/services/collection_service.h"
