"""Peer for the `eof` benchmark: EOFs of the same float64 matrix with numpy (LAPACK through numpy's BLAS).

Usage: eof_peer.py MATRIX.npy --modes 7 --repeat 3
Prints JSON: seconds per run of (a) X^T X + numpy.linalg.eigh (the algorithm V2V Monitor uses) and (b)
numpy.linalg.svd(X, full_matrices=False), (c) PyTorch (Python) X^T X + torch.linalg.eigh when torch is installed, the leading eigenvalues of X^T X / (n - 1) from each, and versions.
"""
import argparse
import json
import time

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("matrix")
    parser.add_argument("--modes", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--numpy-repeat", type=int, default=1)
    parser.add_argument("--svd-repeat", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--torch-repeat", type=int, default=0)
    args = parser.parse_args()
    x = np.load(args.matrix)
    n = x.shape[0]

    def eigh():
        c = x.T @ x
        values, vectors = np.linalg.eigh(c)
        return values[::-1][: args.modes] / (n - 1), vectors[:, ::-1][:, : args.modes]

    def svd():
        _, s, vt = np.linalg.svd(x, full_matrices=False)
        return s[: args.modes] ** 2 / (n - 1), vt[: args.modes].T

    # numpy is timed without warm-up and only --numpy-repeat times: with Debian's reference BLAS one run takes minutes.
    eigh_seconds, svd_seconds = [], []
    eigh_values, eigh_vectors = None, None
    for _ in range(args.numpy_repeat):
        t = time.perf_counter()
        eigh_values, eigh_vectors = eigh()
        eigh_seconds.append(time.perf_counter() - t)
    svd_values = None
    for _ in range(args.svd_repeat):
        t = time.perf_counter()
        svd_values, _ = svd()
        svd_seconds.append(time.perf_counter() - t)

    torch_seconds, torch_version = [], None
    try:
        if args.torch_repeat == 0:
            raise ImportError("torch peer not requested")
        import torch
        torch.set_num_threads(args.threads)
        xt = torch.from_numpy(x)

        def torch_eigh():
            values, vectors = torch.linalg.eigh(xt.T @ xt)
            return values

        for _ in range(args.torch_repeat):
            t = time.perf_counter()
            torch_eigh()
            torch_seconds.append(time.perf_counter() - t)
        torch_version = torch.__version__
    except ImportError:
        pass

    config = np.show_config(mode="dicts") if "mode" in np.show_config.__code__.co_varnames else {}
    blas = config.get("Build Dependencies", {}).get("blas", {}).get("name", "unknown") if config else "unknown"
    print(json.dumps({
        "rows": int(n),
        "columns": int(x.shape[1]),
        "eigh_seconds": eigh_seconds,
        "svd_seconds": svd_seconds,
        "eigh_eigenvalues": eigh_values.tolist(),
        "svd_eigenvalues": svd_values.tolist() if svd_seconds else [],
        "eigh_vectors_first_column": eigh_vectors[:, 0].tolist(),
        "torch_seconds": torch_seconds,
        "torch": torch_version,
        "numpy": np.__version__,
        "blas": blas,
    }))


if __name__ == "__main__":
    main()
