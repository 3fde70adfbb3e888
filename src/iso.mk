# src/iso.mk — build fragment included by Makefile.am
