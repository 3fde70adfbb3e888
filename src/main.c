/* main.c — placeholder entry point until the CLI lands. */
#include "config.h"

int main(void)
{
	return 0;
}
