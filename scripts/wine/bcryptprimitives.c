/* Wine 8 (Debian 12) has no bcryptprimitives.dll, from which Rust's standard library (1.78
 * on) takes ProcessPrng, its source of random numbers on Windows; without it no Rust test
 * program starts under Wine. scripts/test-windows.mjs builds this stand-in into its own
 * Wine prefix (never a user's ~/.wine); Windows itself has the real DLL since Windows 8. It
 * fills the buffer from RtlGenRandom (advapi32's SystemFunction036), Wine's CSPRNG. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
  while (length) {
    ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
    if (!SystemFunction036(data, chunk)) return FALSE;
    data += chunk;
    length -= chunk;
  }
  return TRUE;
}
