# Builds Ethics Trainer for Windows x64: the one-folder app (Nuitka, as on Linux: only our
# package compiled to C, the rest as bytecode; .ci\packaging\nuitka_build.py) and its installer
# (Inno Setup), then smoke-tests the app. Run from the repository root in PowerShell:
#
#   powershell -ExecutionPolicy Bypass -File .ci\packaging\windows\build.ps1
#
# Needs: Python 3.11 x64 (the "py" launcher), Visual Studio 2022 or its Build Tools with the
# "Desktop development with C++" workload (Nuitka's --msvc=latest finds it), Inno Setup 6
# (iscc.exe on PATH or in its default folder). Output: dist\ethics-trainer\ (ethics-trainer.exe,
# the console program, and ethics-trainer-gui.exe, the same app without a console window) and
# dist\EthicsTrainer-<version>-setup.exe.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..\..")

function Step($text) { Write-Host "==> $text" }
function Check($what) { if ($LASTEXITCODE -ne 0) { throw "$what failed (exit $LASTEXITCODE)" } }

Step "virtual environment (.venv) from .ci\lock\package.txt"
if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv; Check "venv" }
$py = ".venv\Scripts\python.exe"
& $py -m pip install --disable-pip-version-check -q --require-hashes -r .ci\lock\package.txt; Check "pip install (lock)"
& $py -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .; Check "pip install (project)"

Step "Nuitka one-folder app (two .exe: console and windowed)"
& $py .ci\packaging\nuitka_build.py --dist dist\ethics-trainer; Check "Nuitka"
if (-not (Test-Path dist\ethics-trainer\ethics-trainer-gui.exe)) { throw "no ethics-trainer-gui.exe" }

Step "smoke tests"
$env:ETHICS_TRAINER_DATA_DIR = Join-Path $env:TEMP "ethics-trainer-smoke"
$env:ETHICS_TRAINER_LANG = "en"
$env:QT_QPA_PLATFORM = "offscreen"
$version = (& dist\ethics-trainer\ethics-trainer.exe --version); Check "--version"
Write-Host $version
& dist\ethics-trainer\ethics-trainer.exe check | Select-Object -Last 1; Check "check"
$env:ETHICS_TRAINER_PASSWORD = "smoke-test-password"
foreach ($role in "admin", "hr") { $env:ETHICS_TRAINER_PASSWORD | & dist\ethics-trainer\ethics-trainer.exe admin set-password --role $role | Out-Null; Check "set-password $role" }
& dist\ethics-trainer\ethics-trainer.exe demo-data --learners 3 --seed 1 --quiet; Check "demo-data"
& dist\ethics-trainer\ethics-trainer.exe certificates --output "$env:ETHICS_TRAINER_DATA_DIR\certs" --workers 1 --quiet; Check "certificates"
if (-not (Get-ChildItem "$env:ETHICS_TRAINER_DATA_DIR\certs" -Filter *.pdf -Recurse)) { throw "no certificate written" }
Remove-Item Env:QT_QPA_PLATFORM

Step "installer (Inno Setup)"
$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
$appVersion = ($version -split " ")[-1]
& $iscc "/DAppVersion=$appVersion" .ci\packaging\windows\installer.iss; Check "Inno Setup"
Get-ChildItem dist\*.exe
