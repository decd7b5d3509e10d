// `npm start` runs the runtime bundled, as the tests and the bench do: built here first from the sources as they are
// (local/bundle.ts; a few seconds, the state machines rendered by the CDK code as part of it), then started by the
// second half of the script with the V8 options of local/memory.ts. Run from source instead (tsx compiling some
// three hundred modules, aws-cdk-lib loaded to render), the same runtime held 58 MB more when ready (208 → 151 MB,
// measured), because of tsx's loader thread and aws-cdk-lib, which a bundled start never loads.
import { buildRuntimeBundle, RUNTIME_BUNDLE } from './bundle.ts';

await buildRuntimeBundle(RUNTIME_BUNDLE);
