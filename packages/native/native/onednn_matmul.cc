// Batched matrix products by oneDNN's matmul primitive (JIT batch-reduce GEMM for the CPU's
// ISA), single-threaded, on buffers the caller owns. One primitive per (shape, transposes) is
// cached per thread. The sum order is oneDNN's blocking, fixed for a shape on a given CPU, so
// results are deterministic on a machine (not bit-equal across ISAs).
#include "onednn_matmul.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <array>
#include <map>
#include <memory>

#include "onednn_runtime.h"

namespace fedrank {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

struct MatMulPlan {
  dnnl::matmul product;
  memory a, b, out;
};

// batch, m, k, n, transposeA, transposeB
using Shape = std::array<size_t, 6>;

std::unique_ptr<MatMulPlan> makePlan(OneDnnRuntime& rt, const Shape& s) {
  const memory::dim B = s[0], M = s[1], K = s[2], N = s[3];
  // A logical [B, M, K] stored as [B, K, M] when transposed (tag acb), likewise B.
  const memory::desc aDesc({B, M, K}, dt::f32, s[4] ? tag::acb : tag::abc);
  const memory::desc bDesc({B, K, N}, dt::f32, s[5] ? tag::acb : tag::abc);
  const memory::desc oDesc({B, M, N}, dt::f32, tag::abc);
  auto pd = dnnl::matmul::primitive_desc(dnnl::matmul::desc(aDesc, bDesc, oDesc), rt.engine);
  auto plan = std::make_unique<MatMulPlan>();
  plan->product = dnnl::matmul(pd);
  plan->a = memory(aDesc, rt.engine, DNNL_MEMORY_NONE);
  plan->b = memory(bDesc, rt.engine, DNNL_MEMORY_NONE);
  plan->out = memory(oDesc, rt.engine, DNNL_MEMORY_NONE);
  return plan;
}

}  // namespace

bool oneDnnMatMul(const float* a, const float* b, float* out, size_t batch, size_t m, size_t k, size_t n, bool transposeA,
                  bool transposeB) {
  thread_local std::map<Shape, std::unique_ptr<MatMulPlan>> plans;
  const Shape shape{batch, m, k, n, transposeA ? 1u : 0u, transposeB ? 1u : 0u};
  try {
    auto it = plans.find(shape);
    if (it == plans.end()) it = plans.emplace(shape, makePlan(threadRuntime(), shape)).first;
    MatMulPlan& p = *it->second;
    p.a.set_data_handle(const_cast<float*>(a));
    p.b.set_data_handle(const_cast<float*>(b));
    p.out.set_data_handle(out);
    auto& s = threadRuntime().stream;
    p.product.execute(s, {{DNNL_ARG_SRC, p.a}, {DNNL_ARG_WEIGHTS, p.b}, {DNNL_ARG_DST, p.out}});
    s.wait();
    return true;
  } catch (const dnnl::error&) {
    return false;
  }
}

}  // namespace fedrank
