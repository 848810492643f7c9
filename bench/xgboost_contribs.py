#!/usr/bin/python3
"""Reference side of bench/model.bench.ts: XGBoost's own models and timings.

  xgboost_contribs.py models OUT_DIR CLEVELAND_FILE
      Trains the two reference models on Cleveland (target num > 0, '?' missing) with
      nthread=1 and writes depth4.json (100 trees, depth 4, default min_child_weight 1) and
      depth6.json (100 trees, depth 6, min_child_weight 0: deep, full trees).

  xgboost_contribs.py time MODEL ROWS_F64 N_ROWS RUNS CHECK_ROWS CHECK_OUT
      Times predict (margin) and pred_contribs of the first N_ROWS rows of ROWS_F64 (raw
      little-endian float64, 13 per row, NaN for missing) on one thread, RUNS times each, and
      prints JSON: median and per-run wall (perf_counter) and CPU (process_time) seconds per
      row. Writes the contributions of the first CHECK_ROWS rows to CHECK_OUT (float64, 14 per
      row: 13 features then the bias) so the bench can compare them with riskgate's.

Exits with status 3 and a message when the xgboost package cannot be imported.
"""
import json
import statistics
import sys
import time

try:
    import numpy as np
    import xgboost as xgb
except ImportError as e:  # the bench reports this instead of failing
    print(f"xgboost unavailable: {e}", file=sys.stderr)
    sys.exit(3)

FEATURES = ["age", "sex", "cp", "trestbps", "chol", "fbs", "restecg", "thalach", "exang", "oldpeak", "slope", "ca", "thal"]


def read_cleveland(path):
    rows, target = [], []
    with open(path) as f:
        for line in f:
            cells = line.strip().split(",")
            if len(cells) != 14:
                continue
            rows.append([np.nan if c in ("?", "") else float(c) for c in cells[:13]])
            target.append(1.0 if float(cells[13]) > 0 else 0.0)
    return np.array(rows), np.array(target)


def make_models(out_dir, cleveland):
    x, y = read_cleveland(cleveland)
    dtrain = xgb.DMatrix(x, label=y, missing=np.nan, feature_names=FEATURES)
    common = {"objective": "binary:logistic", "eta": 0.3, "nthread": 1, "seed": 0, "tree_method": "exact"}
    for name, extra in (("depth4", {"max_depth": 4}), ("depth6", {"max_depth": 6, "min_child_weight": 0})):
        booster = xgb.train({**common, **extra}, dtrain, num_boost_round=100)
        booster.save_model(f"{out_dir}/{name}.json")
    print(json.dumps({"xgboost": xgb.__version__, "models": ["depth4", "depth6"]}))


def timed(fn, make_input, runs):
    walls, cpus = [], []
    for _ in range(runs):
        # A fresh DMatrix each run: XGBoost caches predictions per DMatrix, and a cached
        # answer would time nothing.
        data = make_input()
        w0, c0 = time.perf_counter(), time.process_time()
        fn(data)
        walls.append(time.perf_counter() - w0)
        cpus.append(time.process_time() - c0)
    return walls, cpus


def time_model(model, rows_file, n_rows, runs, check_rows, check_out):
    x = np.fromfile(rows_file, dtype="<f8").reshape(-1, 13)[:n_rows]
    booster = xgb.Booster(model_file=model)
    booster.set_param({"nthread": 1})
    def matrix():
        return xgb.DMatrix(x, missing=np.nan, feature_names=FEATURES, nthread=1)

    booster.predict(matrix(), pred_contribs=True)  # warm-up
    out = {"xgboost": xgb.__version__, "rows": int(x.shape[0]), "runs": runs}
    for key, kwargs in (("predict", {"output_margin": True}), ("contribs", {"pred_contribs": True})):
        walls, cpus = timed(lambda data: booster.predict(data, **kwargs), matrix, runs)
        out[key] = {
            "wall_s_per_row": statistics.median(walls) / x.shape[0],
            "cpu_s_per_row": statistics.median(cpus) / x.shape[0],
            "wall_runs_s": walls,
        }
    check = xgb.DMatrix(x[:check_rows], missing=np.nan, feature_names=FEATURES, nthread=1)
    booster.predict(check, pred_contribs=True).astype("<f8").tofile(check_out)
    print(json.dumps(out))


if __name__ == "__main__":
    if sys.argv[1] == "models":
        make_models(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "time":
        time_model(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7])
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
