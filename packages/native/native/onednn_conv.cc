// fedrank's native convolution kernels: conv2d forward, input gradient and filter gradient of
// NHWC float32 tensors with HWIO filters, computed by oneDNN (Debian's libdnnl, JIT kernels for
// the CPU's ISA) on buffers the caller owns (views into the tfjs wasm heap), single-threaded.
//
// Each (kind, geometry) gets a cached plan: oneDNN chooses its own (blocked) layouts, and the
// plan holds the reorders between those and the caller's NHWC/HWIO buffers. Plans are per thread
// (each worker thread has its own cache), so no locking is needed.
#include <oneapi/dnnl/dnnl.hpp>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "napi_util.h"
#include "onednn_runtime.h"

namespace fedrank {
namespace {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

enum Kind { kForward = 0, kBackwardData = 1, kBackwardWeights = 2 };

// N, H, W, C, O, KH, KW, OH, OW, strideH, strideW, padTop, padBottom, padLeft, padRight
using Geometry = std::array<int32_t, 15>;


// A buffer in the caller's layout, and (if oneDNN prefers another) the internal memory and the
// reorder between them.
struct Operand {
  memory user;
  memory internal;
  bool reorder = false;
  dnnl::reorder toInternal;
  dnnl::reorder toUser;

  Operand(const memory::desc& userDesc, const memory::desc& wanted, const dnnl::engine& eng, bool output)
      : user(userDesc, eng, DNNL_MEMORY_NONE) {
    reorder = wanted != userDesc;
    if (reorder) {
      internal = memory(wanted, eng);
      if (output) toUser = dnnl::reorder(internal, user);
      else toInternal = dnnl::reorder(user, internal);
    } else {
      internal = user;
    }
  }

  void bindIn(void* data, dnnl::stream& s) {
    user.set_data_handle(data);
    if (reorder) toInternal.execute(s, user, internal);
    else internal.set_data_handle(data);
  }
  void bindOut(void* data) {
    user.set_data_handle(data);
    if (!reorder) internal.set_data_handle(data);
  }
  void finishOut(dnnl::stream& s) {
    if (reorder) toUser.execute(s, internal, user);
  }
};

struct Plan {
  dnnl::primitive conv;
  std::unique_ptr<Operand> a, b, out;
  int argA = 0, argB = 0, argOut = 0;
  std::string impl;
};

struct Descs {
  memory::desc src, wei, dst, srcAny, weiAny, dstAny;
  memory::dims strides, padL, padR;
};

Descs describe(const Geometry& g) {
  const memory::dim N = g[0], H = g[1], W = g[2], C = g[3], O = g[4], KH = g[5], KW = g[6], OH = g[7], OW = g[8];
  Descs d;
  d.src = memory::desc({N, C, H, W}, dt::f32, tag::nhwc);
  d.wei = memory::desc({O, C, KH, KW}, dt::f32, tag::hwio);
  d.dst = memory::desc({N, O, OH, OW}, dt::f32, tag::nhwc);
  d.srcAny = memory::desc({N, C, H, W}, dt::f32, tag::any);
  d.weiAny = memory::desc({O, C, KH, KW}, dt::f32, tag::any);
  d.dstAny = memory::desc({N, O, OH, OW}, dt::f32, tag::any);
  d.strides = {g[9], g[10]};
  d.padL = {g[11], g[13]};
  d.padR = {g[12], g[14]};
  return d;
}

// Winograd F(4x4, 3x3) where oneDNN has it for this CPU and geometry (3x3, stride 1; AVX-512
// builds): about half the multiplications of the direct kernel, at float32 rounding ~1e-6
// relative. Elsewhere (other ISAs, fewer than 16 channels in or out) the direct kernel.
// FEDRANK_CONV_ALGORITHM=direct forces the direct kernel everywhere.
bool winogradAllowed() {
  static const bool allowed = [] {
    const char* v = std::getenv("FEDRANK_CONV_ALGORITHM");
    return v == nullptr || std::string(v) != "direct";
  }();
  return allowed;
}

std::unique_ptr<Plan> makePlanWith(OneDnnRuntime& rt, Kind kind, const Geometry& g, dnnl::algorithm algo) {
  const Descs d = describe(g);
  auto& eng = rt.engine;
  using namespace dnnl;
  auto fwdDesc = convolution_forward::desc(prop_kind::forward_training, algo, d.srcAny, d.weiAny,
                                           d.dstAny, d.strides, d.padL, d.padR);
  auto fwd = convolution_forward::primitive_desc(fwdDesc, eng);
  auto plan = std::make_unique<Plan>();
  if (kind == kForward) {
    plan->a = std::make_unique<Operand>(d.src, fwd.src_desc(), eng, false);
    plan->b = std::make_unique<Operand>(d.wei, fwd.weights_desc(), eng, false);
    plan->out = std::make_unique<Operand>(d.dst, fwd.dst_desc(), eng, true);
    plan->argA = DNNL_ARG_SRC;
    plan->argB = DNNL_ARG_WEIGHTS;
    plan->argOut = DNNL_ARG_DST;
    plan->conv = convolution_forward(fwd);
    plan->impl = fwd.impl_info_str();
  } else if (kind == kBackwardData) {
    auto bd = convolution_backward_data::primitive_desc(
        convolution_backward_data::desc(algo, d.srcAny, d.weiAny, d.dstAny, d.strides, d.padL, d.padR),
        eng, fwd);
    plan->a = std::make_unique<Operand>(d.dst, bd.diff_dst_desc(), eng, false);
    plan->b = std::make_unique<Operand>(d.wei, bd.weights_desc(), eng, false);
    plan->out = std::make_unique<Operand>(d.src, bd.diff_src_desc(), eng, true);
    plan->argA = DNNL_ARG_DIFF_DST;
    plan->argB = DNNL_ARG_WEIGHTS;
    plan->argOut = DNNL_ARG_DIFF_SRC;
    plan->conv = convolution_backward_data(bd);
    plan->impl = bd.impl_info_str();
  } else {
    auto bw = convolution_backward_weights::primitive_desc(
        convolution_backward_weights::desc(algo, d.srcAny, d.weiAny, d.dstAny, d.strides, d.padL, d.padR),
        eng, fwd);
    plan->a = std::make_unique<Operand>(d.src, bw.src_desc(), eng, false);
    plan->b = std::make_unique<Operand>(d.dst, bw.diff_dst_desc(), eng, false);
    plan->out = std::make_unique<Operand>(d.wei, bw.diff_weights_desc(), eng, true);
    plan->argA = DNNL_ARG_SRC;
    plan->argB = DNNL_ARG_DIFF_DST;
    plan->argOut = DNNL_ARG_DIFF_WEIGHTS;
    plan->conv = convolution_backward_weights(bw);
    plan->impl = bw.impl_info_str();
  }
  return plan;
}

std::unique_ptr<Plan> makePlan(OneDnnRuntime& rt, Kind kind, const Geometry& g) {
  // Few channels (a first layer on images): the direct kernel is faster there.
  const bool winogradShape = g[5] == 3 && g[6] == 3 && g[9] == 1 && g[10] == 1 && g[3] >= 16 && g[4] >= 16;
  if (winogradShape && winogradAllowed()) {
    try {
      return makePlanWith(rt, kind, g, dnnl::algorithm::convolution_winograd);
    } catch (const dnnl::error&) {
      // Not implemented for this CPU or geometry: the direct kernel below.
    }
  }
  return makePlanWith(rt, kind, g, dnnl::algorithm::convolution_direct);
}

Plan& planFor(Kind kind, const Geometry& g) {
  thread_local std::map<std::pair<int, Geometry>, std::unique_ptr<Plan>> plans;
  auto key = std::make_pair(static_cast<int>(kind), g);
  auto it = plans.find(key);
  if (it == plans.end()) it = plans.emplace(key, makePlan(threadRuntime(), kind, g)).first;
  return *it->second;
}

size_t elements(Kind kind, int which, const Geometry& g) {
  const size_t x = size_t(g[0]) * g[1] * g[2] * g[3], w = size_t(g[5]) * g[6] * g[3] * g[4], y = size_t(g[0]) * g[7] * g[8] * g[4];
  // which: 0 = a, 1 = b, 2 = out
  if (kind == kForward) return which == 0 ? x : which == 1 ? w : y;
  if (kind == kBackwardData) return which == 0 ? y : which == 1 ? w : x;
  return which == 0 ? x : which == 1 ? y : w;
}

}  // namespace

// conv2d(kind, a, b, out, geometry): kind 0 forward (x, filter -> y), 1 input gradient
// (dy, filter -> dx), 2 filter gradient (x, dy -> dfilter). Returns the oneDNN implementation name.
napi_value Conv2d(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  if (!callArgs(env, info, 5, argv)) return fail(env, "conv2d(kind, a, b, out, geometry) takes 5 arguments");
  int32_t kindValue = -1;
  if (napi_get_value_int32(env, argv[0], &kindValue) != napi_ok || kindValue < 0 || kindValue > 2)
    return fail(env, "conv2d: kind must be 0, 1 or 2");
  const Kind kind = static_cast<Kind>(kindValue);
  Geometry g{};
  const int32_t* values;
  if (!int32Data(env, argv[4], g.size(), &values)) return fail(env, "conv2d: geometry must be an Int32Array of 15 values");
  for (size_t i = 0; i < g.size(); i++) {
    if (values[i] < (i >= 11 ? 0 : 1)) return fail(env, "conv2d: geometry values out of range");
    g[i] = values[i];
  }
  void* ptr[3];
  for (int i = 0; i < 3; i++) {
    size_t length = 0;
    if (!typedData(env, argv[1 + i], napi_float32_array, &ptr[i], &length)) return fail(env, "conv2d: a, b and out must be Float32Arrays");
    if (length != elements(kind, i, g)) return fail(env, "conv2d: a buffer's length does not match the geometry");
  }
  try {
    Plan& plan = planFor(kind, g);
    auto& s = threadRuntime().stream;
    plan.a->bindIn(ptr[0], s);
    plan.b->bindIn(ptr[1], s);
    plan.out->bindOut(ptr[2]);
    plan.conv.execute(s, {{plan.argA, plan.a->internal}, {plan.argB, plan.b->internal}, {plan.argOut, plan.out->internal}});
    plan.out->finishOut(s);
    s.wait();
    napi_value impl;
    napi_create_string_utf8(env, plan.impl.c_str(), plan.impl.size(), &impl);
    return impl;
  } catch (const dnnl::error& e) {
    return fail(env, std::string("oneDNN: ") + e.what());
  } catch (const std::exception& e) {
    return fail(env, std::string("conv2d: ") + e.what());
  }
}

// version(): "major.minor.patch" of the oneDNN library loaded.
napi_value OneDnnVersion(napi_env env, napi_callback_info) {
  const dnnl_version_t* v = dnnl_version();
  std::string s = std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch);
  napi_value out;
  napi_create_string_utf8(env, s.c_str(), s.size(), &out);
  return out;
}

}  // namespace fedrank
