{
  "variables": {
    "with_onednn%": "<!(node scripts/has-onednn.mjs)"
  },
  "targets": [
    {
      "target_name": "fedrank_native",
      "sources": ["native/addon.cc", "native/sgd.cc", "native/mask.cc", "native/mask_band.cc", "native/pool.cc", "native/matmul.cc", "native/argsort.cc", "native/ranking_wire.cc", "native/relu.cc", "native/distances.cc", "native/pool_tails.cc", "native/trimmed_mean_probe.cc", "native/coordinate_stats.cc", "native/shuffle.cc", "native/line_terms.cc"],
      "cflags_cc": ["-O3", "-std=c++17", "-ffp-contract=off"],
      "cflags_cc!": ["-fno-exceptions", "-O2"],
      "conditions": [
        ["with_onednn==1", {
          "sources": ["native/onednn_conv.cc", "native/onednn_matmul.cc"],
          "defines": ["FEDRANK_WITH_ONEDNN"],
          "cflags_cc": ["-fopenmp"],
          "libraries": ["-ldnnl", "-fopenmp"]
        }]
      ]
    }
  ]
}
