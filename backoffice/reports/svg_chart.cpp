#include "backoffice/reports/svg_chart.h"
