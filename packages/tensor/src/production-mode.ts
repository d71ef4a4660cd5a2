/**
 * TensorFlow.js in production mode: it prints no banners or warnings of its own (such as the
 * "install our node backend" notice on the first use of the cpu backend), which would otherwise
 * land in the middle of fedrank's output. Imported for its effect by this package's index.
 */
import * as tf from '@tensorflow/tfjs';

tf.env().set('PROD', true);
