# src/mmc.mk — build fragment included by Makefile.am
