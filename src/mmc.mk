# src/mmc.mk — MMC command layer, sense decoding, drive I/O wrappers.
libdiscburn_a_SOURCES += \
	src/mmc.h src/mmc.c \
	src/sense.h src/sense.c \
	src/drive.h src/drive.c
