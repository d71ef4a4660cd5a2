// fedrank's optional native addon: typed-array kernels of the supermask step (fused SGD with the
// straight-through gradient, the keep mask) and, when built against oneDNN, convolutions.
#include "napi_util.h"

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"sgdStep", nullptr, fedrank::SgdStep, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool2x2Grad", nullptr, fedrank::MaxPool2x2Grad, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"matMul", nullptr, fedrank::MatMul, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"argsortFloat32", nullptr, fedrank::ArgsortFloat32, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"firstNonPermutation", nullptr, fedrank::FirstNonPermutation, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"packBits", nullptr, fedrank::PackBits, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"unpackBits", nullptr, fedrank::UnpackBits, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"scatterInverse", nullptr, fedrank::ScatterInverse, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"addAndClear", nullptr, fedrank::AddAndClear, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maxPool2x2", nullptr, fedrank::MaxPool2x2, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"relu", nullptr, fedrank::Relu, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"pairwiseSquaredDistances", nullptr, fedrank::PairwiseSquaredDistances, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"crossSquaredDistances", nullptr, fedrank::CrossSquaredDistances, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"poolTails", nullptr, fedrank::PoolTails, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"trimmedMeanCopiesDistances", nullptr, fedrank::TrimmedMeanCopiesDistances, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"coordinateMeanStd", nullptr, fedrank::CoordinateMeanStd, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"shuffleUint32", nullptr, fedrank::ShuffleUint32, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"lineTerms", nullptr, fedrank::LineTerms, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maskedWeights", nullptr, fedrank::MaskedWeights, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"maskBand", nullptr, fedrank::MaskBand, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"sgdStepMaskBand", nullptr, fedrank::SgdStepMaskBand, nullptr, nullptr, nullptr, napi_default, nullptr},
#ifdef FEDRANK_WITH_ONEDNN
      {"conv2d", nullptr, fedrank::Conv2d, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"onednnVersion", nullptr, fedrank::OneDnnVersion, nullptr, nullptr, nullptr, napi_default, nullptr},
#endif
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  return exports;
}
