# src/engine/local.mk — burning: one disc (pre-flight, strategy, stream,
# close, verify), blanking and formatting, and many copies on many drives.
libdiscburn_a_SOURCES += \
	src/engine/burn.h src/engine/burn.c \
	src/engine/blank.h src/engine/blank.c \
	src/engine/dup.h src/engine/dup.c
