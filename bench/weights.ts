/**
 * Issue 14's bench: the time to load a ResNet-50 checkpoint, beside the time to build the model
 * in the same run. Two checkpoints, each written once by graphc's own writers from seeded random
 * weights: a torchvision-layout `.safetensors` of `resnet.yaml --variant resnet50 --set
 * convention=torchvision` (224x224, 25.6M parameters) and a Keras 2 HDF5 of the seed's
 * `resnet50.yaml` (64x64, 23.6M). "load" is the whole `--weights` path: detect, read, map the
 * names, convert the layouts, check every shape, write into the built tfjs model.
 *
 *   npx tsx bench/weights.ts [--repeats N]      (default 3; each row is the median)
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { requireRuntime } from '../backends/tfjs/runtime.js';
import { buildModel, readWeights } from '../backends/tfjs/build-model.js';
import { compileSource, type Override } from '../compiler/pipeline.js';
import type { Graph } from '../compiler/ir.js';
import type { Program } from '../compiler/program.js';
import { loadWeightsIntoModel } from '../weights/apply-tfjs.js';
import { expectedLayers } from '../weights/expected.js';
import { loadWeights } from '../weights/load-weights.js';
import { kerasLayers, torchStateDict } from '../weights/export-checkpoint.js';
import { writeSafetensors } from '../weights/safetensors.js';
import { writeKerasH5 } from '../weights/write-keras-h5.js';
import { intFlag, log, runMain } from './lib/args.js';
import { machineLine } from './lib/machine.js';
import { formatMs, formatRatio, median } from './lib/stats.js';
import { markdownTable } from './lib/table.js';

interface Case {
  readonly label: string;
  readonly graph: Graph;
  readonly program: Program;
  readonly format: 'safetensors' | 'keras-h5';
}

function compile(label: string, file: string, variant: string | null, overrides: Override[], format: Case['format']): Case {
  const r = compileSource(file, readFileSync(file, 'utf8'), { variant, overrides });
  if (!r.graph || !r.program) throw new Error(`${file} does not compile`);
  return { label, graph: r.graph, program: r.program, format };
}

const time = async (f: () => unknown): Promise<number> => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { repeats: { type: 'string' } } });
  const repeats = Math.max(1, intFlag('repeats', values.repeats, 3));
  const { tf, name } = await requireRuntime('wasm');
  const dir = mkdtempSync(join(tmpdir(), 'graphc-bench-weights-'));
  const cases = [
    compile('resnet.yaml resnet50 torchvision, 224x224', 'architectures/resnet.yaml', 'resnet50', [{ key: 'convention', value: 'torchvision' }], 'safetensors'),
    compile('resnet50.yaml (the seed), 64x64', 'architectures/resnet50.yaml', null, [], 'keras-h5'),
  ];
  const rows: string[][] = [];
  try {
    for (const c of cases) {
      log(`${c.label}: writing the checkpoint`);
      const source = buildModel(c.graph, tf, { compile: false });
      const weights = readWeights(source);
      source.dispose();
      const path = join(dir, c.format === 'safetensors' ? 'model.safetensors' : 'weights.h5');
      writeFileSync(path, c.format === 'safetensors' ? writeSafetensors(torchStateDict(c.graph, c.program, weights).tensors) : await writeKerasH5(kerasLayers(c.graph, c.program, weights).layers));
      const size = readFileSync(path).length;
      const buildYaml: number[] = [];
      const buildZeros: number[] = [];
      const load: number[] = [];
      const fit: number[] = [];
      for (let i = 0; i < repeats; i++) {
        let t = performance.now();
        buildModel(c.graph, tf, { compile: false }).dispose();
        buildYaml.push(performance.now() - t);
        t = performance.now();
        const z = buildModel(c.graph, tf, { init: 'zeros', compile: false });
        buildZeros.push(performance.now() - t);
        // the runtime-free part alone: detect, read, map, convert, check
        const expected = expectedLayers(z, c.graph);
        fit.push(await time(() => loadWeights({ path, graph: c.graph, program: c.program, expected })));
        load.push(await time(async () => {
          const r = await loadWeightsIntoModel(tf, z, c.graph, c.program, { path });
          if (!r.ok) throw new Error(r.diagnostics[0]!.message);
        }));
        z.dispose();
        log(`  round ${i + 1}: build ${formatMs(buildYaml.at(-1)!)}, zeros ${formatMs(buildZeros.at(-1)!)}, read+fit ${formatMs(fit.at(-1)!)}, load ${formatMs(load.at(-1)!)}`);
      }
      const y = median(buildYaml);
      const l = median(load);
      rows.push([c.label, c.format, `${(size / 1e6).toFixed(1)} MB`, formatMs(y), formatMs(median(buildZeros)), formatMs(median(fit)), formatMs(l), formatRatio(l / y), formatMs(median(buildZeros) + l), formatRatio((median(buildZeros) + l) / y)]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`# Loading a ResNet-50 checkpoint (tfjs ${name})\n\n${machineLine()}\n\n`);
  process.stdout.write(`${markdownTable(
    ['model', 'checkpoint', 'size', 'build, YAML initializers (ms)', 'build, zeros (ms)', 'read + map + check (ms)', 'load --weights (ms)', 'load / build', 'zeros + load (ms)', '/ build'],
    rows,
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  )}\n\nMedians of ${repeats} rounds. "read + map + check" is \`loadWeights\` alone (no tfjs); "load --weights" adds writing the tensors into the built tfjs model; ratios are to "build (YAML initializers)" in the same run.\n`);
}

runMain(main);
