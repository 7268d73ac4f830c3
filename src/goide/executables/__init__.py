"""`goide inspect`: what any executable is (ELF, Mach-O thin and universal, PE) and its Go build info.

`read.py` picks the reader by magic bytes; `buildinfo.py` reads Go build info as debug/buildinfo
does; `walk.py` finds the files named on the command line and `view.py` prints them."""
