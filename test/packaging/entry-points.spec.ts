import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
const LIB = join(ROOT, 'libs/backchannel-logout');

/** Each key of the package's `exports` map and the source file it is built from. */
const ENTRIES: Readonly<Record<string, string>> = {
  '.': 'src/index.ts',
  './receiver': 'src/receiver/index.ts',
  './receiver/typeorm': 'src/receiver/typeorm/index.ts',
  './provider': 'src/provider/index.ts',
  './testing': 'src/testing/index.ts',
  './oidc-provider': 'src/oidc-provider/index.ts',
};

/** Issue #11: the root holds what hosts and RP teams write, about 90 names (it held 134 before). */
const ROOT_LIMIT = 95;

/** Names that left the root (issue #11) and the one subpath each is exported from now. */
const SUBPATH_ONLY: Readonly<Record<string, readonly string[]>> = {
  './receiver/typeorm': [
    'TypeOrmReplayStore',
    'TypeOrmSessionIndexStore',
    'TypeOrmLogoutMarkerStore',
    'BACKCHANNEL_RECEIVER_ENTITIES',
    'BACKCHANNEL_RECEIVER_MIGRATIONS',
  ],
  './receiver': [
    'MemoryReplayStore',
    'RedisReplayStore',
    'MemorySessionIndexStore',
    'RedisSessionIndexStore',
    'MemoryLogoutMarkerStore',
    'RedisLogoutMarkerStore',
    'ExpressSessionDestroyer',
    'RedisStoreConnection',
    'ReceiverSessionOptions',
    'DownstreamLogoutOption',
    'ReplayKey',
    'ReplayState',
    'SessionLink',
    'SessionLinkInput',
    'SessionLinkQuery',
    'LogoutMarker',
    'LogoutMarkerQuery',
    'FoundLogoutMarkers',
    'MarkedSession',
  ],
  './provider': [
    'validateBackchannelLogoutUri',
    'BackchannelLogoutClientMetadata',
    'BackchannelLogoutFieldError',
    'BackchannelLogoutTargetPolicy',
    'HostLookup',
    'BackchannelLogoutRpHealthOptions',
    'RedisClusterQueueOptions',
    'RedisClusterQueueSettings',
    'LogoutSessionInput',
    'LogoutUserInput',
    'LogoutWaitResult',
    'WaitForDeliveriesOptions',
    'LogoutDeliveryQuery',
    'LogoutDeliveryRecord',
    'LogoutDeliveryPage',
    'LogoutDeliveryStatus',
    'SessionLifetimeStatus',
    'SessionExpiredListener',
    'BackchannelLogoutSessionLifetimeOptions',
    'MassLogoutRunOutcome',
    'MassLogoutBatchEvent',
    'MassLogoutProgress',
    'MassLogoutScope',
    'MassLogoutStartInput',
    'MassLogoutStatus',
    'serializedTransaction',
  ],
};

/** On the root only: the metrics load both halves, so no half's subpath can hold them. */
const ROOT_ONLY = [
  'BackchannelLogoutMetricsModule',
  'BackchannelLogoutMetrics',
  'BackchannelLogoutMetricsOptions',
];

/** What every host or RP team types: these must stay on the root. */
const ROOT_ESSENTIALS = [
  'BackchannelLogoutModule',
  'BackchannelLogoutModuleOptions',
  'BackchannelLogoutService',
  'BackchannelLogoutReceiverModule',
  'BackchannelLogoutReceiverOptions',
  'BACKCHANNEL_LOGOUT_ENTITIES',
  'BACKCHANNEL_LOGOUT_MIGRATIONS',
  'BackchannelLogoutError',
  'BackchannelLogoutErrorCode',
  'isBackchannelLogoutError',
  'BACKCHANNEL_LOGOUT_EVENT_NAMES',
  'LogoutSessionEvent',
  'BACKCHANNEL_LOGOUT_RECEIVED',
  'BackchannelLogoutReceivedEvent',
  'SessionIndexService',
  'BackchannelLogoutMetricsModule',
];

interface EntryExports {
  /** Every exported name, values and types. */
  readonly names: ReadonlySet<string>;
  /** The names that exist at run time (classes, functions, constants). */
  readonly values: readonly string[];
  /** The names without TSDoc on their declaration. */
  readonly undocumented: readonly string[];
}

/** Reads each entry's exports as the compiler sees them (types included), from the library source. */
function readEntries(): Record<string, EntryExports> {
  const files = Object.values(ENTRIES).map((file) => join(LIB, file));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    experimentalDecorators: true,
    emitDecoratorMetadata: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const result: Record<string, EntryExports> = {};
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(join(LIB, file));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${file} is not a module`);
    const symbols = checker.getExportsOfModule(moduleSymbol);
    const target = (symbol: ts.Symbol): ts.Symbol =>
      symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    result[entry] = {
      names: new Set(symbols.map((symbol) => symbol.name)),
      values: symbols
        .filter((symbol) => target(symbol).flags & ts.SymbolFlags.Value)
        .map((symbol) => symbol.name),
      undocumented: symbols
        .filter((symbol) => target(symbol).getDocumentationComment(checker).length === 0)
        .map((symbol) => symbol.name),
    };
  }
  return result;
}

describe('the entry points', () => {
  let entries: Record<string, EntryExports>;

  beforeAll(() => {
    entries = readEntries();
  }, 60_000);

  const root = (): ReadonlySet<string> => entries['.'].names;
  const subpathsExporting = (name: string): string[] =>
    Object.keys(ENTRIES).filter((entry) => entry !== '.' && entries[entry].names.has(name));

  it('are exactly the subpaths of the package exports map', () => {
    const manifest = JSON.parse(readFileSync(join(LIB, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const mapped = Object.keys(manifest.exports).filter((key) => key !== './package.json');

    expect(mapped.sort()).toEqual(Object.keys(ENTRIES).sort());
  });

  it(`the root exports at most ${ROOT_LIMIT} names, the essentials among them`, () => {
    expect(root().size).toBeLessThanOrEqual(ROOT_LIMIT);
    expect(ROOT_ESSENTIALS.filter((name) => !root().has(name))).toEqual([]);
  });

  it('every name that left the root is on its subpath, and only there', () => {
    for (const [subpath, names] of Object.entries(SUBPATH_ONLY)) {
      for (const name of names) {
        expect({ name, from: subpathsExporting(name), root: root().has(name) }).toEqual({
          name,
          from: [subpath],
          root: false,
        });
      }
    }
  });

  it('no port implementation is on the root', () => {
    const implementations = [...root()].filter((name) =>
      /^(Memory|Redis|TypeOrm)\w*(Store|Destroyer)$|^ExpressSession|^BACKCHANNEL_RECEIVER_/.test(
        name,
      ),
    );

    expect(implementations).toEqual([]);
  });

  it('every root name is on a subpath too, except the metrics', () => {
    const rootOnly = [...root()].filter((name) => subpathsExporting(name).length === 0);

    expect(rootOnly.sort()).toEqual([...ROOT_ONLY].sort());
  });

  it('the root has each port it exports with its Inject*() helper', () => {
    const everyName = new Set(Object.values(entries).flatMap((entry) => [...entry.names]));
    const ports = [...everyName]
      .filter((name) => /^Inject[A-Z]/.test(name))
      .map((helper) => helper.slice('Inject'.length));
    const incomplete = ports.filter((port) => root().has(port) !== root().has(`Inject${port}`));

    expect(ports.length).toBeGreaterThanOrEqual(9);
    expect(incomplete).toEqual([]);
  });

  it('the receiver subpaths hold no provider or TypeORM names in the wrong place', () => {
    const receiver = entries['./receiver'].names;
    const typeorm = [...entries['./receiver/typeorm'].names];

    expect([...receiver].filter((name) => /TypeOrm|^BACKCHANNEL_RECEIVER_/.test(name))).toEqual([]);
    expect(typeorm.filter((name) => receiver.has(name))).toEqual([]);
    expect(typeorm.every((name) => /^TypeOrm|^BACKCHANNEL_RECEIVER_/.test(name))).toBe(true);
    expect(receiver.has('BackchannelLogoutModule')).toBe(false);
  });

  it('every exported name carries TSDoc', () => {
    const undocumented = Object.entries(entries).flatMap(([entry, { undocumented }]) =>
      undocumented.map((name) => `${entry}: ${name}`),
    );

    expect(undocumented).toEqual([]);
  });

  it("the root's runtime values are the compiler's value exports", async () => {
    const loaded = Object.keys(await import('nestjs-backchannel-logout'));

    expect(loaded.sort()).toEqual([...entries['.'].values].sort());
  });
});
