#include "shared/db/survey_repository.h"
