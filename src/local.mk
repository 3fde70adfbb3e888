# src/local.mk — core: errors, device (backend table + safety gate), CLI, burn.
libdiscburn_a_SOURCES += \
	src/bytes.h src/err.h src/err.c \
	src/device.h src/device.c
libdiscburn_a_SOURCES += \
	src/exitcodes.h src/options.h src/options.c \
	src/json.h src/json.c \
	src/verify.h src/verify.c \
	src/burn.h src/burn.c \
	src/cli.h src/cli_report.c src/cli_info.c
