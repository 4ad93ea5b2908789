#include "backoffice/reports/report_export.h"
