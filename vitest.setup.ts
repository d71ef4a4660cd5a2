// Every test process: TensorFlow.js in production mode (no banners in the test output), as in runs.
import '@fedrank/tensor';
