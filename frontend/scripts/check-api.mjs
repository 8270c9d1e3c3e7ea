// `npm run check:api`: fails when src/types/api.gen.ts is not what openapi-typescript makes of
// openapi.yaml, and (where the backend's virtualenv exists) when openapi.yaml is not what the
// backend answers today. Nothing is written outside a temporary directory.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const frontend = new URL('..', import.meta.url).pathname;
const python = process.env.PYTHON ?? join(frontend, '..', '.venv', 'bin', 'python');

if (existsSync(python)) {
  const result = spawnSync('bash', [join(frontend, 'scripts', 'gen-api.sh'), '--check'], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}

console.log('check:api: no backend virtualenv; checking the types against openapi.yaml only');
const dir = mkdtempSync(join(tmpdir(), 'check-api-'));
try {
  const fresh = join(dir, 'api.gen.ts');
  execFileSync('npx', ['--no-install', 'openapi-typescript', 'openapi.yaml', '--output', fresh], {
    cwd: frontend,
    stdio: 'ignore',
  });
  if (
    readFileSync(fresh, 'utf8') !== readFileSync(join(frontend, 'src/types/api.gen.ts'), 'utf8')
  ) {
    console.error('check:api: src/types/api.gen.ts is out of date: run npm run gen:api');
    process.exit(1);
  }
  console.log('check:api: src/types/api.gen.ts is current');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
