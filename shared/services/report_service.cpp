#include "shared/services/report_service.h"
