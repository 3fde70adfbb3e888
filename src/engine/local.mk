# SPDX-License-Identifier: GPL-3.0-or-later
# src/engine/local.mk — burning: a job of one or more drives (job.c, the
# journal), one disc's sequence (burn.c, write.c), the write strategies
# (strat_*.c), blanking and formatting.
libdiscburn_a_SOURCES += \
	src/engine/burn.h src/engine/burn.c src/engine/write.c \
	src/engine/strategy.h \
	src/engine/strat_cd_tao.c src/engine/strat_cd_sao.c src/engine/strat_dvdr.c \
	src/engine/strat_sequential.c src/engine/strat_overwrite.c \
	src/engine/blank.h src/engine/blank.c \
	src/engine/job.h src/engine/job.c \
	src/engine/journal.h src/engine/journal.c
