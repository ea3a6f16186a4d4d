<#
.SYNOPSIS
  Evidence Station (执法记录采集工作站): burn a staged folder to an optical disc with Windows' own
  Image Mastering API v2 (IMAPI2), inspect the disc in a recorder, list recorders, or eject.

.DESCRIPTION
  Run by the station as
    powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -Sta -File imapi2-burn.ps1 -Action Burn ...
  (-Sta: IMAPI2's COM objects and their events want a single-threaded apartment).

  Output protocol, one line per fact on stdout, UTF-8, parsed by native/windows/imapi2.ts:
    ES-RECORDER index=<n> letter=<E:> vendor=<...> product=<...> id=<unique id>
    ES-MEDIA present=<0|1> blank=<0|1> type=<IMAPI_MEDIA_PHYSICAL_TYPE> freeSectors=<n> totalSectors=<n> status=<IMAPI_FORMAT2_DATA_MEDIA_STATE>
    ES-PROGRESS action=<IMAPI_FORMAT2_DATA_WRITE_ACTION> elapsed=<s> remaining=<s> lba=<n> start=<n> sectors=<n>
    ES-RELOADED letter=<E:>
    ES-DONE [volume=<E:\>]
    ES-ERROR hresult=0x<8 hex digits> message=<one line>
  Exit code 0 on success, 2 on failure (after an ES-ERROR line).

  File systems: ISO 9660 + Joliet + UDF (7) for ordinary discs; UDF only (4) with -UdfOnly, which the
  station passes when a file is 4 GiB or larger (IMAPI2's ISO 9660 cannot hold such a file).
  The disc is closed (-CloseMedia) so nothing can be appended; after burning the tray is ejected and
  closed again (-ReloadAfterBurn) so Windows mounts the disc afresh and the read-back comes from the
  disc, not from the file cache.
#>
[CmdletBinding()]
param(
  [ValidateSet('List', 'Inspect', 'Burn', 'Eject')]
  [string]$Action = 'Inspect',
  # Drive letter ("E:"), recorder index ("0") or the recorder's unique id.
  [string]$Recorder = '',
  [string]$Source = '',
  [string]$VolumeName = '',
  [switch]$UdfOnly,
  [switch]$CloseMedia,
  [switch]$ReloadAfterBurn
)

$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding($false)

function Emit([string]$Line) {
  [Console]::Out.WriteLine($Line)
  [Console]::Out.Flush()
}

function Clean([object]$Text) {
  return ([string]$Text) -replace '[\r\n\t]+', ' '
}

function Fail([System.Management.Automation.ErrorRecord]$Err) {
  $ex = $Err.Exception
  # PowerShell wraps COM failures (MethodInvocationException); the HRESULT is on the COMException inside.
  while ($ex.InnerException -ne $null -and -not ($ex -is [System.Runtime.InteropServices.COMException])) { $ex = $ex.InnerException }
  $hr = [uint32]($ex.HResult -band 0xFFFFFFFF)
  Emit ('ES-ERROR hresult=0x{0:X8} message={1}' -f $hr, (Clean $ex.Message))
  exit 2
}

function Get-Recorders {
  $master = New-Object -ComObject IMAPI2.MsftDiscMaster2
  if (-not $master.IsSupportedEnvironment) { throw (New-Object System.Runtime.InteropServices.COMException('IMAPI2 is not supported on this system', [int]0xC0AA0003)) }
  $list = @()
  for ($i = 0; $i -lt $master.Count; $i++) {
    $rec = New-Object -ComObject IMAPI2.MsftDiscRecorder2
    $rec.InitializeDiscRecorder($master.Item($i))
    $list += [pscustomobject]@{ Index = $i; Recorder = $rec; Id = $master.Item($i); Letters = @($rec.VolumePathNames) }
  }
  return $list
}

function Select-Recorder($List, [string]$Wanted) {
  if ($List.Count -eq 0) { throw (New-Object System.Runtime.InteropServices.COMException('no optical recorder found', [int]0xC0AA0003)) }
  if ($Wanted -eq '') { return $List[0] }
  if ($Wanted -match '^\d+$') { return ($List | Where-Object { $_.Index -eq [int]$Wanted } | Select-Object -First 1) }
  if ($Wanted -match '^[A-Za-z]:\\?$') {
    $letter = $Wanted.Substring(0, 2).ToUpper() + '\'
    $found = $List | Where-Object { $_.Letters -contains $letter } | Select-Object -First 1
    if ($found -ne $null) { return $found }
  }
  $found = $List | Where-Object { $_.Id -eq $Wanted } | Select-Object -First 1
  if ($found -eq $null) { throw (New-Object System.Runtime.InteropServices.COMException("no recorder $Wanted", [int]0xC0AA0003)) }
  return $found
}

try {
  $recorders = Get-Recorders
  if ($Action -eq 'List') {
    foreach ($r in $recorders) {
      Emit ('ES-RECORDER index={0} letter={1} vendor={2} product={3} id={4}' -f $r.Index, (($r.Letters | Select-Object -First 1) -replace '\\$', ''), (Clean $r.Recorder.VendorId).Trim(), (Clean $r.Recorder.ProductId).Trim(), $r.Id)
    }
    Emit 'ES-DONE'
    exit 0
  }

  $chosen = Select-Recorder $recorders $Recorder
  if ($chosen -eq $null) { throw (New-Object System.Runtime.InteropServices.COMException("no recorder $Recorder", [int]0xC0AA0003)) }
  $rec = $chosen.Recorder
  $letter = (($chosen.Letters | Select-Object -First 1) -replace '\\$', '')

  if ($Action -eq 'Eject') {
    $rec.EjectMedia()
    Emit 'ES-DONE'
    exit 0
  }

  $format = New-Object -ComObject IMAPI2.MsftDiscFormat2Data
  $format.Recorder = $rec
  $format.ClientName = 'EvidenceStation'
  if (-not $format.IsCurrentMediaSupported($rec)) {
    Emit 'ES-MEDIA present=0 blank=0 type=0 freeSectors=0 totalSectors=0 status=0'
    if ($Action -eq 'Inspect') { Emit 'ES-DONE'; exit 0 }
    throw (New-Object System.Runtime.InteropServices.COMException('no supported disc in the recorder', [int]0xC0AA0202))
  }
  Emit ('ES-MEDIA present=1 blank={0} type={1} freeSectors={2} totalSectors={3} status={4}' -f [int][bool]$format.MediaHeuristicallyBlank, [int]$format.CurrentPhysicalMediaType, [int64]$format.FreeSectorsOnMedia, [int64]$format.TotalSectorsOnMedia, [int]$format.CurrentMediaStatus)
  if ($Action -eq 'Inspect') { Emit 'ES-DONE'; exit 0 }

  # ---- Burn ----
  if (-not (Test-Path -LiteralPath $Source -PathType Container)) { throw (New-Object System.Runtime.InteropServices.COMException("source folder $Source is missing", [int]0xC0AAB11A)) }
  if (-not $format.MediaHeuristicallyBlank) { throw (New-Object System.Runtime.InteropServices.COMException('the disc is not blank', [int]0xC0AA0405)) }

  $fsi = New-Object -ComObject IMAPI2FS.MsftFileSystemImage
  $fsi.ChooseImageDefaults($rec)
  if ($UdfOnly) { $fsi.FileSystemsToCreate = 4 } else { $fsi.FileSystemsToCreate = 7 }
  $fsi.VolumeName = $VolumeName
  $fsi.FreeMediaBlocks = $format.FreeSectorsOnMedia
  $fsi.Root.AddTree($Source, $false)
  $image = $fsi.CreateResultImage()

  $format.ForceMediaToBeClosed = [bool]$CloseMedia
  $subscription = Register-ObjectEvent -InputObject $format -EventName Update -Action {
    $p = $EventArgs
    if ($p -eq $null) { $p = $args[1] }
    [Console]::Out.WriteLine(('ES-PROGRESS action={0} elapsed={1} remaining={2} lba={3} start={4} sectors={5}' -f [int]$p.CurrentAction, [int]$p.ElapsedTime, [int]$p.RemainingTime, [int64]$p.LastWrittenLba, [int64]$p.StartLba, [int64]$p.SectorCount))
    [Console]::Out.Flush()
  }
  try {
    $format.Write($image.ImageStream)
  } finally {
    if ($subscription -ne $null) { Unregister-Event -SourceIdentifier $subscription.Name -ErrorAction SilentlyContinue }
  }

  if ($ReloadAfterBurn) {
    $rec.EjectMedia()
    Start-Sleep -Seconds 2
    $rec.CloseTray()
    $deadline = (Get-Date).AddSeconds(120)
    while ((Get-Date) -lt $deadline -and -not (Test-Path -LiteralPath ($letter + '\'))) { Start-Sleep -Seconds 2 }
    Emit ('ES-RELOADED letter={0}' -f $letter)
  }
  Emit ('ES-DONE volume={0}\' -f $letter)
  exit 0
} catch {
  Fail $_
}
