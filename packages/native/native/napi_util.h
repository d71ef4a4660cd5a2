// Small N-API helpers shared by fedrank's native kernels.
#pragma once
#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

// Hot loops are compiled for AVX2 and for the baseline ISA, picked at load time. -ffp-contract=off
// (binding.gyp) keeps multiplies and adds separate, so both clones round the same way.
#define FEDRANK_CLONES __attribute__((target_clones("avx2", "default")))

namespace fedrank {

// The data pointer and length of a typed array of the given type; false if `v` is not one.
inline bool typedData(napi_env env, napi_value v, napi_typedarray_type want, void** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  napi_value buffer;
  size_t offset;
  if (napi_get_typedarray_info(env, v, &type, length, data, &buffer, &offset) != napi_ok) return false;
  return type == want;
}

// An Int32Array argument of exactly `want` values.
inline bool int32Data(napi_env env, napi_value v, size_t want, const int32_t** out) {
  void* data = nullptr;
  size_t length = 0;
  if (!typedData(env, v, napi_int32_array, &data, &length) || length != want) return false;
  *out = static_cast<const int32_t*>(data);
  return true;
}

// A JavaScript array of Float32Arrays of one length: their data pointers into `rows` and the common
// length into `dim` (0 for an empty array); false if `v` is anything else.
inline bool float32Rows(napi_env env, napi_value v, std::vector<const float*>* rows, size_t* dim) {
  bool isArray = false;
  uint32_t n = 0;
  if (napi_is_array(env, v, &isArray) != napi_ok || !isArray || napi_get_array_length(env, v, &n) != napi_ok) return false;
  rows->assign(n, nullptr);
  *dim = 0;
  for (uint32_t i = 0; i < n; i++) {
    napi_value row;
    void* data;
    size_t length;
    if (napi_get_element(env, v, i, &row) != napi_ok || !typedData(env, row, napi_float32_array, &data, &length)) return false;
    if (i > 0 && length != *dim) return false;
    *dim = length;
    (*rows)[i] = static_cast<const float*>(data);
  }
  return true;
}

// Exactly `want` call arguments into argv (which holds at least `want`).
inline bool callArgs(napi_env env, napi_callback_info info, size_t want, napi_value* argv) {
  size_t argc = want;
  return napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) == napi_ok && argc == want;
}

inline bool numberArg(napi_env env, napi_value v, double* out) { return napi_get_value_double(env, v, out) == napi_ok; }

inline napi_value fail(napi_env env, const std::string& message) {
  napi_throw_error(env, "ERR_FEDRANK_NATIVE", message.c_str());
  return nullptr;
}

inline napi_value undefinedValue(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

// Kernels, one per file; addon.cc registers them.
napi_value SgdStep(napi_env env, napi_callback_info info);
napi_value MaskedWeights(napi_env env, napi_callback_info info);
napi_value MaskBand(napi_env env, napi_callback_info info);
napi_value SgdStepMaskBand(napi_env env, napi_callback_info info);
napi_value MaxPool2x2Grad(napi_env env, napi_callback_info info);
napi_value MatMul(napi_env env, napi_callback_info info);
napi_value ArgsortFloat32(napi_env env, napi_callback_info info);
napi_value FirstNonPermutation(napi_env env, napi_callback_info info);
napi_value PackBits(napi_env env, napi_callback_info info);
napi_value UnpackBits(napi_env env, napi_callback_info info);
napi_value ScatterInverse(napi_env env, napi_callback_info info);
napi_value AddAndClear(napi_env env, napi_callback_info info);
napi_value MaxPool2x2(napi_env env, napi_callback_info info);
napi_value Relu(napi_env env, napi_callback_info info);
napi_value PairwiseSquaredDistances(napi_env env, napi_callback_info info);
napi_value PoolTails(napi_env env, napi_callback_info info);
napi_value CrossSquaredDistances(napi_env env, napi_callback_info info);
napi_value TrimmedMeanCopiesDistances(napi_env env, napi_callback_info info);
napi_value CoordinateMeanStd(napi_env env, napi_callback_info info);
napi_value ShuffleUint32(napi_env env, napi_callback_info info);
napi_value LineTerms(napi_env env, napi_callback_info info);
#ifdef FEDRANK_WITH_ONEDNN
napi_value Conv2d(napi_env env, napi_callback_info info);
napi_value OneDnnVersion(napi_env env, napi_callback_info info);
#endif

}  // namespace fedrank
