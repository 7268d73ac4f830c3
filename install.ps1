# goide installer for Windows PowerShell 5.1 and PowerShell 7.
#
#   .\install.ps1              install goide from this checkout, or upgrade an earlier install
#   .\install.ps1 -Uninstall   remove everything an earlier install created, and nothing else
#   .\install.ps1 -NoDoctor    install without running `goide doctor` at the end
#
# Finds a Python 3.11 or newer (the py launcher's newest 3.11+, then python.exe on PATH, then
# python.org's per-user installs), creates a private virtual environment in
# %LOCALAPPDATA%\goide\venv, installs goide from this checkout into it, writes a goide.cmd launcher
# in %USERPROFILE%\.local\bin and runs `goide doctor`. It never changes any Python installation.
# $env:GOIDE_PYTHON = 'C:\path\to\python.exe' picks the Python yourself.
[CmdletBinding()]
param([switch]$Uninstall, [switch]$NoDoctor)

$ErrorActionPreference = 'Stop'
$MinMinor = 11

function Fail([string]$Message, [string]$Hint) {
    [Console]::Error.WriteLine("error: $Message")
    if ($Hint) { [Console]::Error.WriteLine("hint: $Hint") }
    exit 2
}

$DataDir = Join-Path $env:LOCALAPPDATA 'goide'
$Venv = Join-Path $DataDir 'venv'
$Manifest = Join-Path $DataDir 'install-manifest'
$BinDir = Join-Path $env:USERPROFILE '.local\bin'
$Launcher = Join-Path $BinDir 'goide.cmd'
$CacheDir = Join-Path $DataDir 'goide'  # platformdirs' user_cache_dir('goide'): goide\goide\Cache
$Marker = 'rem goide launcher, written by goide''s install.ps1'

if ($Uninstall) {
    if (-not (Test-Path $Manifest)) {
        Write-Output "goide is not installed by install.ps1 here (no $Manifest); nothing to remove."
        exit 0
    }
    $lines = Get-Content $Manifest
    foreach ($line in $lines) {
        if ($line.StartsWith('file ')) {
            $path = $line.Substring(5)
            if ((Test-Path $path) -and -not (Select-String -Path $path -SimpleMatch $Marker -Quiet)) {
                Write-Output "kept ${path}: it is not goide's launcher any more"
            } else {
                Remove-Item -Force -ErrorAction SilentlyContinue $path
            }
        }
    }
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Venv, (Join-Path $DataDir 'pip-cache'), $CacheDir
    Remove-Item -Force $Manifest
    $dirs = @($lines | Where-Object { $_.StartsWith('dir ') } | ForEach-Object { $_.Substring(4) })
    [array]::Reverse($dirs)
    foreach ($dir in $dirs) {
        if ((Test-Path $dir) -and -not (Get-ChildItem -Force $dir)) { Remove-Item -Force $dir }
    }
    Write-Output 'goide is uninstalled.'
    exit 0
}

$Source = $PSScriptRoot
if (-not (Test-Path (Join-Path $Source 'pyproject.toml'))) {
    Fail "$Source is not a goide checkout (no pyproject.toml)" 'run install.ps1 from the root of a clone of goide'
}

function Get-PythonVersion([string[]]$Command) {
    try {
        $exe = $Command[0]
        $rest = @($Command | Select-Object -Skip 1)
        $out = & $exe @rest -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>$null
        if ($LASTEXITCODE -eq 0 -and $out -match '^3\.(\d+)$') { return [int]$Matches[1] }
    } catch { }
    return $null
}

$candidates = @()
if ($env:GOIDE_PYTHON) { $candidates += , @($env:GOIDE_PYTHON) }
if (Get-Command py -ErrorAction SilentlyContinue) {
    foreach ($minor in 14, 13, 12, 11) { $candidates += , @('py', "-3.$minor") }
}
foreach ($name in 'python3', 'python') {
    $found = Get-Command $name -ErrorAction SilentlyContinue
    # The Microsoft Store stub in WindowsApps only opens the Store; skip it.
    if ($found -and $found.Source -notlike '*\WindowsApps\*') { $candidates += , @($found.Source) }
}
foreach ($minor in 14, 13, 12, 11) {
    $candidates += , @((Join-Path $env:LOCALAPPDATA "Programs\Python\Python3$minor\python.exe"))
}

$Python = $null
$tooOld = @()
foreach ($candidate in $candidates) {
    $minor = Get-PythonVersion $candidate
    if ($null -eq $minor) { continue }
    if ($minor -ge $MinMinor) { $Python = $candidate; break }
    $tooOld += "$($candidate -join ' ') (3.$minor)"
}
if (-not $Python) {
    $what = if ($tooOld) { "found only $($tooOld -join ', ')" } else { 'no Python was found' }
    Fail "goide needs Python 3.$MinMinor or newer; $what" `
        'winget install Python.Python.3.13 (or the installer from https://www.python.org/downloads/windows/), then run .\install.ps1 again'
}
$pyExe = $Python[0]
$pyArgs = @($Python | Select-Object -Skip 1)
Write-Output "Using Python: $($Python -join ' ')"

$created = @()
foreach ($dir in $DataDir, $BinDir) {
    $missing = @()
    $probe = $dir
    while ($probe -and -not (Test-Path $probe)) { $missing = @($probe) + $missing; $probe = Split-Path $probe }
    foreach ($m in $missing) { New-Item -ItemType Directory -Path $m | Out-Null; $created += "dir $m" }
}
$upgrade = Test-Path $Manifest
$old = if ($upgrade) { @(Get-Content $Manifest | Where-Object { -not $_.StartsWith('file ') }) } else { @() }

$venvPython = Join-Path $Venv 'Scripts\python.exe'
if (Test-Path $venvPython) {
    Write-Output "Upgrading goide in $Venv"
} else {
    Write-Output "Creating a private environment in $Venv"
    & $pyExe @pyArgs -m venv $Venv
    if ($LASTEXITCODE -ne 0) { Fail "could not create $Venv" 'check free disk space and permissions' }
}

Write-Output "Installing goide from $Source"
$env:PIP_CACHE_DIR = Join-Path $DataDir 'pip-cache'
$env:PIP_DISABLE_PIP_VERSION_CHECK = '1'
& $venvPython -m pip install --quiet --upgrade $Source
if ($LASTEXITCODE -ne 0) { Fail "pip could not install goide into $Venv" 'check your network connection to PyPI, then run .\install.ps1 again' }

Set-Content -Encoding ASCII -Path $Launcher -Value "@echo off`r`n$Marker`r`n`"$venvPython`" -m goide %*"
$entries = $old + $created + @("file $Launcher")

$userPath = [Environment]::GetEnvironmentVariable('Path', 'User')
if (-not (($userPath -split ';') -contains $BinDir)) {
    Write-Output ''
    Write-Output "$BinDir is not on your PATH. To run goide by name, run (then open a new terminal):"
    Write-Output "  [Environment]::SetEnvironmentVariable('Path', `"$BinDir;`" + [Environment]::GetEnvironmentVariable('Path', 'User'), 'User')"
}
Set-Content -Path $Manifest -Value $entries

$version = & $Launcher --version
if ($upgrade) { Write-Output "Upgraded: $version" } else { Write-Output "Installed: $version" }
Write-Output "  launcher:  $Launcher"
Write-Output '  uninstall: .\install.ps1 -Uninstall'
if (-not $NoDoctor) {
    Write-Output ''
    Write-Output 'Running goide doctor:'
    & $Launcher doctor
    if ($LASTEXITCODE -ne 0) { Write-Output "goide is installed; doctor found problems above (exit status $LASTEXITCODE)." }
}
exit 0
