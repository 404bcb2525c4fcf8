print("read", input(), flush=True)
