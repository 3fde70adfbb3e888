# src/local.mk — core: errors, device (backend table + safety gate), CLI, burn.
libdiscburn_a_SOURCES += \
	src/bytes.h src/err.h src/err.c \
	src/device.h src/device.c
