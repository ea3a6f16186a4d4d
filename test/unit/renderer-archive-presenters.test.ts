import { describe, expect, it } from 'vitest';
import { parseArchiveTarget } from '../../electron/core/archive/model.js';
import { archiveSteps, archiveTargetText, stepState } from '../../renderer/src/presenters/archive.js';

describe('archive presenters', () => {
  it.each([
    ['optical', '/dev/sr0', { kind: 'optical', device: '/dev/sr0' }],
    ['optical', '/dev/sdb', { kind: 'optical', device: '/dev/sdb' }],
    ['optical', 'E:', { kind: 'optical', device: 'E:' }],
    ['image', '/srv/discs/案件.iso', { kind: 'image', path: '/srv/discs/案件.iso' }],
    ['image', 'stdio:/tmp/a.iso', { kind: 'image', path: '/tmp/a.iso' }],
    ['folder', '/media/clerk/ARCHIVE', { kind: 'folder', path: '/media/clerk/ARCHIVE' }],
  ] as const)('a %s target typed as %s reaches the station as the kind the clerk chose', (kind, typed, expected) => {
    const text = archiveTargetText(kind, typed);
    expect(text).toBeDefined();
    expect(parseArchiveTarget(text ?? '')).toEqual(expected);
  });

  it('gives no target for an empty path', () => {
    expect(archiveTargetText('folder', '   ')).toBeUndefined();
  });

  it('orders the steps and marks done, current and to come', () => {
    const steps = archiveSteps('optical');
    expect(steps).toEqual(['packaging', 'burning', 'verifying', 'registering']);
    expect(steps.map((step) => stepState(step, 'verifying', steps))).toEqual(['done', 'done', 'current', 'todo']);
    expect(stepState('burning', 'waiting-for-media', steps)).toBe('current');
    expect(steps.map((step) => stepState(step, 'done', steps))).toEqual(['done', 'done', 'done', 'done']);
  });
});
