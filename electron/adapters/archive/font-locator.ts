/**
 * Finds a font that can write Chinese into the PDFs (evidence explanation sheets, disc labels).
 * PDF's standard fonts have no CJK glyphs, so a system font is embedded (as a subset). Looked for, in
 * order: EVIDENCE_CJK_FONT (`path` or `path#PostScriptName`), then the platform's usual fonts:
 *
 *   Linux (Debian fonts-noto-cjk)  /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc  NotoSansCJKsc-Regular
 *   Windows                        C:\Windows\Fonts\msyh.ttc (微软雅黑), simsun.ttc (宋体), simhei.ttf
 *   macOS                          /System/Library/Fonts/PingFang.ttc, STHeiti, Arial Unicode
 *
 * None found: a clear error naming every place looked at, never a PDF of empty boxes.
 */
import { access, constants } from 'node:fs/promises';
import path from 'node:path';
import { ArchiveError } from '../../core/archive/errors.js';

export interface CjkFont {
  path: string;
  /** The face inside a collection (.ttc); for single fonts the name is informative only. */
  postscriptName: string;
}

export interface FontLocatorEnvironment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  exists(file: string): Promise<boolean>;
}

export function fontCandidates(platform: NodeJS.Platform, env: Record<string, string | undefined>): CjkFont[] {
  if (platform === 'win32') {
    const fonts = path.win32.join(env.WINDIR ?? env.SystemRoot ?? 'C:\\Windows', 'Fonts');
    return [
      { path: path.win32.join(fonts, 'msyh.ttc'), postscriptName: 'MicrosoftYaHei' },
      { path: path.win32.join(fonts, 'simsun.ttc'), postscriptName: 'SimSun' },
      { path: path.win32.join(fonts, 'simhei.ttf'), postscriptName: 'SimHei' },
      { path: path.win32.join(fonts, 'Deng.ttf'), postscriptName: 'DengXian-Regular' },
    ];
  }
  if (platform === 'darwin') {
    return [
      { path: '/System/Library/Fonts/PingFang.ttc', postscriptName: 'PingFangSC-Regular' },
      { path: '/System/Library/Fonts/STHeiti Light.ttc', postscriptName: 'STHeitiSC-Light' },
      { path: '/System/Library/Fonts/Supplemental/Songti.ttc', postscriptName: 'STSongti-SC-Regular' },
      { path: '/Library/Fonts/Arial Unicode.ttf', postscriptName: 'ArialUnicodeMS' },
    ];
  }
  return [
    { path: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
    { path: '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', postscriptName: 'NotoSerifCJKsc-Regular' },
    { path: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
    { path: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', postscriptName: 'NotoSansCJKsc-Regular' },
    { path: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', postscriptName: 'WenQuanYiMicroHei' },
    { path: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', postscriptName: 'WenQuanYiZenHei' },
  ];
}

const nodeEnvironment: FontLocatorEnvironment = {
  platform: process.platform,
  env: process.env,
  exists: async (file) => {
    try {
      await access(file, constants.R_OK);
      return true;
    } catch {
      return false;
    }
  },
};

export async function locateCjkFont(environment: FontLocatorEnvironment = nodeEnvironment): Promise<CjkFont> {
  const override = environment.env.EVIDENCE_CJK_FONT?.trim();
  const searched: string[] = [];
  if (override) {
    const [file = '', name] = override.split('#');
    if (await environment.exists(file)) return { path: file, postscriptName: name ?? '' };
    searched.push(`${file} (EVIDENCE_CJK_FONT)`);
  }
  for (const candidate of fontCandidates(environment.platform, environment.env)) {
    if (await environment.exists(candidate.path)) return candidate;
    searched.push(candidate.path);
  }
  throw new ArchiveError(
    'ARCHIVE_FONT_MISSING',
    `no Chinese font found for the PDF sheets and labels; looked at: ${searched.join(', ')}. Install one (Debian: apt-get install fonts-noto-cjk) or set EVIDENCE_CJK_FONT=/path/font.ttc#PostScriptName`,
    { searched: searched.join(', ') },
  );
}
