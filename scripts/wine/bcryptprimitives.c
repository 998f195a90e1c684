/* A stand-in for Windows' bcryptprimitives.dll, for running our Windows test
 * binaries under Wine 8 (Debian 12), which lacks it: Rust's standard library
 * takes its random numbers from ProcessPrng there (HashMap seeds). This one
 * fills the buffer from RtlGenRandom (advapi32), which Wine has. Built by
 * scripts/test-windows; never shipped. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, chunk)) return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
