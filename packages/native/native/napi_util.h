// Small N-API helpers shared by fedrank's native kernels.
#pragma once
#include <node_api.h>

#include <cstddef>
#include <string>

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
napi_value MaxPool2x2Grad(napi_env env, napi_callback_info info);
napi_value MatMul(napi_env env, napi_callback_info info);
#ifdef FEDRANK_WITH_ONEDNN
napi_value Conv2d(napi_env env, napi_callback_info info);
napi_value OneDnnVersion(napi_env env, napi_callback_info info);
#endif

}  // namespace fedrank
