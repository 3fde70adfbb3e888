# src/ring.mk — build fragment included by Makefile.am
