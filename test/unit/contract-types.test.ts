/** The contract's schemas and the core's domain types must describe the same objects. */
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { schemas } from '../../electron/contract/index.js';
import type { AuditRecord, AuditVerification } from '../../electron/core/domain/audit.js';
import type { Clip } from '../../electron/core/domain/clip.js';
import type { DockSession } from '../../electron/core/domain/dock.js';
import type { AgencySettings } from '../../electron/core/domain/settings.js';
import { commandNames, commands, eventNames, isCommandName } from '../../electron/contract/index.js';
import { expect } from 'vitest';

describe('contract', () => {
  it('schemas and domain types agree both ways', () => {
    expectTypeOf<Clip>().toExtend<z.input<typeof schemas.Clip>>();
    expectTypeOf<z.output<typeof schemas.Clip>>().toExtend<Clip>();
    expectTypeOf<DockSession>().toExtend<z.input<typeof schemas.DockSession>>();
    expectTypeOf<z.output<typeof schemas.DockSession>>().toExtend<DockSession>();
    expectTypeOf<AgencySettings>().toExtend<z.input<typeof schemas.AgencySettings>>();
    expectTypeOf<AuditRecord>().toExtend<z.input<typeof schemas.AuditRecord>>();
    expectTypeOf<AuditVerification>().toExtend<z.input<typeof schemas.AuditVerification>>();
  });

  it('knows its own names and nothing else', () => {
    expect(commandNames).toContain('clips.label');
    expect(eventNames).toContain('dock.updated');
    expect(isCommandName('clips.label')).toBe(true);
    expect(isCommandName('__proto__')).toBe(false);
    expect(isCommandName('toString')).toBe(false);
  });

  it('rejects unknown fields and control characters in requests', () => {
    const label = { caseNumber: 'x', party: 'y', handler: 'z', stage: 'investigation', location: 'l' };
    expect(commands['clips.label'].request.safeParse({ ids: ['a'.repeat(64)], label }).success).toBe(true);
    expect(commands['clips.label'].request.safeParse({ ids: ['a'.repeat(64)], label, extra: 1 }).success).toBe(false);
    expect(commands['clips.label'].request.safeParse({ ids: ['a'.repeat(64)], label: { ...label, party: 'a\u0007b' } }).success).toBe(false);
    expect(commands['clips.label'].request.safeParse({ ids: ['../etc'], label }).success).toBe(false);
  });
});
