// SVG files are bundled as strings (JupyterLab's builder and the jest config both do so).
declare module '*.svg' {
  const value: string;
  export default value;
}
