"""Peer for the `tsne` benchmark: scikit-learn's Barnes-Hut t-SNE on the same CSV matrix, and an independent
numpy assessment (exact KL divergence against scikit-learn's P, sklearn's trustworthiness) of any embeddings.

  fit    X.csv Y.csv --perplexity 30 --iterations 1000 --jobs 2 --seed 0   -> JSON {seconds, kl_divergence_, ...}
  assess X.csv --perplexity 30 Y1.csv [Y2.csv ...]                          -> JSON [{kl_exact, trustworthiness_10}, ...]
"""
import argparse, json, sys, time

import numpy as np


def load(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)


def fit(args):
    import sklearn
    from sklearn.manifold import TSNE
    x = load(args.x)
    tsne = TSNE(n_components=2, perplexity=args.perplexity, n_iter=args.iterations, init="pca", learning_rate="auto",
                method="barnes_hut", angle=0.5, n_jobs=args.jobs, random_state=args.seed)
    start = time.perf_counter()
    y = tsne.fit_transform(x)
    seconds = time.perf_counter() - start
    np.savetxt(args.y, y, delimiter=",", header="x,y", comments="", fmt="%.17g")
    json.dump({"seconds": seconds, "kl_divergence_": float(tsne.kl_divergence_), "n_iter_": int(tsne.n_iter_),
               "learning_rate": float(tsne.learning_rate_), "sklearn": sklearn.__version__}, sys.stdout)


def joint_p(x, perplexity):
    """scikit-learn's own P (kNN on 3*perplexity+1 neighbours, binary search, symmetrised), as a dense-free COO."""
    from sklearn.manifold._t_sne import _joint_probabilities_nn
    from sklearn.neighbors import NearestNeighbors
    n = x.shape[0]
    k = min(n - 1, int(3.0 * perplexity + 1))
    knn = NearestNeighbors(n_neighbors=k, metric="euclidean").fit(x)
    d = knn.kneighbors_graph(mode="distance")
    d.data **= 2
    return _joint_probabilities_nn(d, perplexity, 0).tocoo()


def exact_kl(p, y):
    """KL(P||Q) with Q normalised over all pairs, computed in row blocks (float64)."""
    n = y.shape[0]
    z = 0.0
    for s in range(0, n, 1000):
        d2 = ((y[s:s + 1000, None, :] - y[None, :, :]) ** 2).sum(-1)
        w = 1.0 / (1.0 + d2)
        w[np.arange(w.shape[0]), np.arange(s, s + w.shape[0])] = 0.0
        z += w.sum()
    rows, cols, vals = p.row, p.col, p.data
    keep = vals > 0
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    w = 1.0 / (1.0 + ((y[rows] - y[cols]) ** 2).sum(-1))
    return float(np.sum(vals * np.log(vals * z / w)))


def assess(args):
    from sklearn.manifold import trustworthiness
    x = load(args.x)
    p = joint_p(x, args.perplexity)
    out = []
    for path in args.embeddings:
        y = load(path)
        out.append({"embedding": path, "kl_exact": exact_kl(p, y), "trustworthiness_10": float(trustworthiness(x, y, n_neighbors=10))})
    json.dump(out, sys.stdout)


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    f = sub.add_parser("fit")
    f.add_argument("x"); f.add_argument("y")
    f.add_argument("--perplexity", type=float, default=30); f.add_argument("--iterations", type=int, default=1000)
    f.add_argument("--jobs", type=int, default=2); f.add_argument("--seed", type=int, default=0)
    a = sub.add_parser("assess")
    a.add_argument("x"); a.add_argument("embeddings", nargs="+")
    a.add_argument("--perplexity", type=float, default=30)
    args = parser.parse_args()
    fit(args) if args.mode == "fit" else assess(args)


if __name__ == "__main__":
    main()
