#!/usr/bin/env node
// Prints 1 if oneDNN's C++ headers are installed (Debian's libdnnl-dev), else 0; binding.gyp
// uses it to decide whether the addon gets the oneDNN convolutions. FEDRANK_ONEDNN=0 forces 0.
import { existsSync } from 'node:fs';

const dirs = ['/usr/include', '/usr/local/include', ...(process.env.CPATH ?? '').split(':').filter(Boolean)];
const found = process.env.FEDRANK_ONEDNN !== '0' && dirs.some((d) => existsSync(`${d}/oneapi/dnnl/dnnl.hpp`));
process.stdout.write(found ? '1' : '0');
