// The oneDNN engine and stream of the calling thread (each worker thread has its own), created
// on first use with OpenMP limited to that one thread: fedrank parallelises over clients.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>

#include <memory>

namespace fedrank {

struct OneDnnRuntime {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
};

inline OneDnnRuntime& threadRuntime() {
  thread_local std::unique_ptr<OneDnnRuntime> runtime;
  if (!runtime) {
    omp_set_num_threads(1);
    runtime = std::make_unique<OneDnnRuntime>();
  }
  return *runtime;
}

}  // namespace fedrank
