# tests/local.mk — build fragment included by Makefile.am
