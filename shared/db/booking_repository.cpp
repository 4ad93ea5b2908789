#include "shared/db/booking_repository.h"
