"""Trace a Python program that uses multiprocessing.Pool, as poolviz events.

Run as ``python -m poolviz_trace script.py args...`` with POOLVIZ_TRACE_SOCKET
naming a Unix socket: every process of the program (main, pool workers, and
any process started by spawn or forkserver) connects on its own and writes one
JSON object per line, as things happen. The program itself runs unchanged.
Only the standard library is used, and every hook catches its own errors: a
tracer fault must never change what the program does.
"""
