#include "tests/support/xlsx_reader.h"
