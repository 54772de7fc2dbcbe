// OpenBLAS's CBLAS interface (Debian: libopenblas-dev installs it as <cblas.h> via alternatives).
#include <cblas.h>
// Threads: OpenBLAS exports these; declared here so Swift can set and read the pool size.
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
// The kernel set OpenBLAS picked for this CPU (e.g. "Cooperlake").
char* openblas_get_corename(void);
