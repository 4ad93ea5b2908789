#include "shared/services/survey_service.h"
