#include "shared/db/report_repository.h"
