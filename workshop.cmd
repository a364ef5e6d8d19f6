@echo off
rem The learner's command: workshop.cmd --help. Runs workshop-cli (built once with Maven, and
rem again when its sources change) on a JDK 21+, found as mvnw.cmd finds it.
setlocal
set "ROOT=%~dp0"
if "%ROOT:~-1%"=="\" set "ROOT=%ROOT:~0,-1%"
call "%ROOT%\.mvn\jdk.cmd" || exit /b 2
set "TARGET=%ROOT%\workshop-cli\target"
if not exist "%TARGET%\workshop-cli.jar" call :build || exit /b 2
if not exist "%TARGET%\cli.classpath" call :build || exit /b 2
call :launch %*
rem 10: the tools are older than their sources: build them again.
if "%STATUS%"=="10" (
  call :build || exit /b 2
  call :launch %*
)
exit /b %STATUS%

:build
echo [workshop] building the workshop's tools with Maven (once; the first time also downloads them) ... 1>&2
pushd "%ROOT%"
call "%ROOT%\mvnw.cmd" -q -B package -pl workshop-cli -am -DskipTests 1>&2
set "BUILD=%ERRORLEVEL%"
popd
if not "%BUILD%"=="0" (
  echo workshop: could not build workshop-cli ^(see Maven's output above^) 1>&2
  exit /b 2
)
type nul > "%TARGET%\built"
exit /b 0

:launch
rem A short start: C1 alone, and a class data archive of the classes it loads, made on the first
rem run: one for watch mode (javac, JLine), one for the other commands.
set "MODE=watch"
for %%v in (check list hint demo help --help -h) do if /i "%~1"=="%%v" set "MODE=once"
set "CP="
for /f "usebackq delims=" %%c in ("%TARGET%\cli.classpath") do set "CP=%%c"
"%JAVA_HOME%\bin\java.exe" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile="%TARGET%\cli-%MODE%.jsa" -XX:+AutoCreateSharedArchive --enable-native-access=ALL-UNNAMED "-Dworkshop.root=%ROOT%" -Dworkshop.command=workshop.cmd -cp "%TARGET%\workshop-cli.jar;%CP%" workshop.cli.Main %*
set "STATUS=%ERRORLEVEL%"
exit /b 0
