@echo off
rem Scoreboard of the workshop: grade.cmd --help. Builds the grader and runs it.
setlocal
set "HERE=%~dp0"
if "%HERE:~-1%"=="\" set "HERE=%HERE:~0,-1%"
set "JAR=%HERE%\grader\target\grader.jar"
rem The JDK 21+ that mvnw.cmd uses too (JAVA_HOME, the one found before, or FindJdk).
call "%HERE%\.mvn\jdk.cmd" || exit /b 2
set "JAVA=%JAVA_HOME%\bin\java.exe"
rem Maven only recompiles when the grader sources changed, so this is quick when up to date.
pushd "%HERE%"
call "%HERE%\mvnw.cmd" -q -B -pl grader package -DskipTests 1>&2
set "BUILD=%ERRORLEVEL%"
popd
if not "%BUILD%"=="0" (
  echo grade: could not build the grader ^(see the Maven output above^) 1>&2
  exit /b 2
)
"%JAVA%" -jar "%JAR%" --home "%HERE%" %*
exit /b %ERRORLEVEL%
