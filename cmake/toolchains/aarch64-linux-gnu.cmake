# Cross-build for the Jetson's architecture (aarch64, GCC) on a Debian x86-64 machine, tests run
# under qemu-user. Needs g++-aarch64-linux-gnu, qemu-user and the arm64 multiarch packages of the
# compiled dependencies (scripts/install-deps.sh --aarch64 installs them all).
#
#   cmake -S . -B build/aarch64 -G Ninja --toolchain cmake/toolchains/aarch64-linux-gnu.cmake
#
# The compiler keeps its default flags (GCC on aarch64 contracts a*b+c into FMA by default): the
# bit-exactness tests then prove that no result depends on the consumer's flags.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
# Search the arm64 multiarch folders (/usr/lib/aarch64-linux-gnu) of this very system.
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# Run test programs through qemu-user. No -L /usr/aarch64-linux-gnu: with the arm64 multiarch libc
# installed, mixing that sysroot's loader with the multiarch libc hangs every pthread_create.
find_program(EDGEMETRICS_QEMU_AARCH64 qemu-aarch64 REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${EDGEMETRICS_QEMU_AARCH64}")
