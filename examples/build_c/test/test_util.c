#include <stdio.h>

#include "util.h"

int main(void) {
	if (add(2, 2) != 4) {
		fprintf(stderr, "add(2, 2) = %d, want 4\n", add(2, 2));
		return 1;
	}
	puts("ok");
	return 0;
}
