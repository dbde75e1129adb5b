#ifndef FLETCHER_H
#define FLETCHER_H

#include <stddef.h>
#include <stdint.h>

uint16_t fletcher16(const uint8_t* data, size_t len);

#endif
